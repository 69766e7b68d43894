//! bunq's signatures: RSA-SHA256 with PKCS#1 v1.5 padding, in base64, over a body only. The fake
//! signs its answers with one fixed server key, and checks a client's signature with the public
//! key its installation sent.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use ring::rand::SystemRandom;
use ring::signature::{
    RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256, RsaKeyPair, UnparsedPublicKey,
};
use spki::der::{Decode, pem};

/// The fake's server key pair, fixed so that starting a fake costs nothing. It signs test
/// answers only: it is published with the crate and protects nothing.
const SERVER_PRIVATE_KEY: &[u8] = include_bytes!("../keys/server-private.pk8.der");

/// Its public half, as installation gives it (`ServerPublicKey.server_public_key`).
pub const SERVER_PUBLIC_KEY_PEM: &str = include_str!("../keys/server-public.pem");

/// The object identifier of an RSA key (`rsaEncryption`).
const RSA_ENCRYPTION: spki::ObjectIdentifier =
    spki::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

/// Signs answers with the fake's server key.
pub struct ServerKey {
    pair: RsaKeyPair,
    random: SystemRandom,
}

impl ServerKey {
    /// The fixed server key. `None` cannot happen with the key bundled (a test reads it).
    #[must_use]
    pub fn load() -> Option<Self> {
        let pair = RsaKeyPair::from_pkcs8(SERVER_PRIVATE_KEY).ok()?;
        Some(Self {
            pair,
            random: SystemRandom::new(),
        })
    }

    /// `X-Bunq-Server-Signature` of an answer's body; `None` if signing failed (it does not with
    /// a valid key: ring fails only on a short output buffer).
    #[must_use]
    pub fn sign(&self, body: &[u8]) -> Option<String> {
        let mut signature = vec![0; self.pair.public().modulus_len()];
        self.pair
            .sign(&RSA_PKCS1_SHA256, &self.random, body, &mut signature)
            .ok()?;
        Some(BASE64.encode(signature))
    }
}

/// A client's public key, as its installation sent it: PKCS#1 `RSAPublicKey` DER.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientKey(Vec<u8>);

impl ClientKey {
    /// Reads a PEM public key: `PUBLIC KEY` (`SubjectPublicKeyInfo`, what bunq's SDKs and
    /// `openssl rsa -pubout` write) or `RSA PUBLIC KEY` (PKCS#1).
    ///
    /// # Errors
    /// Why the text is not an RSA public key, in words for bunq's `400`.
    pub fn from_pem(text: &str) -> Result<Self, String> {
        let (label, der) = pem::decode_vec(text.trim().as_bytes())
            .map_err(|error| format!("the key is not PEM ({error})"))?;
        match label {
            "RSA PUBLIC KEY" => Ok(Self(der)),
            "PUBLIC KEY" => {
                let info = spki::SubjectPublicKeyInfoRef::from_der(&der)
                    .map_err(|error| format!("the key is not a public key ({error})"))?;
                if info.algorithm.oid != RSA_ENCRYPTION {
                    return Err("the key is not an RSA key".to_owned());
                }
                info.subject_public_key
                    .as_bytes()
                    .map(|bytes| Self(bytes.to_vec()))
                    .ok_or_else(|| "the key's bits are not whole bytes".to_owned())
            }
            other => Err(format!("a PEM labelled {other:?} is not a public key")),
        }
    }

    /// Whether `signature` (base64) is this key's signature of `body`.
    pub fn verifies(&self, body: &[u8], signature: &str) -> bool {
        BASE64.decode(signature.trim()).is_ok_and(|signature| {
            UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &self.0)
                .verify(body, &signature)
                .is_ok()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_server_key_signs_what_its_published_half_verifies() {
        let key = ServerKey::load().expect("the bundled key loads");
        let public = ClientKey::from_pem(SERVER_PUBLIC_KEY_PEM).expect("the public half reads");
        let body = br#"{"Response":[{"Id":{"id":1}}]}"#;
        let signature = key.sign(body).expect("signs");
        assert!(public.verifies(body, &signature));
        assert!(!public.verifies(b"{}", &signature));
        assert!(!public.verifies(body, "not base64!"));
    }

    #[test]
    fn a_key_that_is_not_an_rsa_public_key_is_refused_with_a_reason() {
        for (text, reason) in [
            ("", "not PEM"),
            (
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                "labelled",
            ),
            (
                "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
                "not a public key",
            ),
        ] {
            let error = ClientKey::from_pem(text).expect_err(text);
            assert!(error.contains(reason), "{text:?}: {error}");
        }
    }
}
