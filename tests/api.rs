//! Properties of the public API as a whole.

#[test]
fn every_public_type_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    use bunq_onboarding::*;
    assert_send_sync::<ActionRequired>();
    assert_send_sync::<AdditionalFulfillmentParameter>();
    assert_send_sync::<Assessment<'static>>();
    assert_send_sync::<Class>();
    assert_send_sync::<CreateOnboarding>();
    assert_send_sync::<Fulfillment>();
    assert_send_sync::<FulfillmentStatus>();
    assert_send_sync::<FulfillmentType>();
    assert_send_sync::<OnboardingType>();
    assert_send_sync::<Timestamp>();
    assert_send_sync::<TimestampError>();
    assert_send_sync::<UpdateOnboarding>();
    assert_send_sync::<UserStatus>();
    assert_send_sync::<VerificationStatus>();
    assert_send_sync::<Verdict<'static>>();
    assert_send_sync::<Anomaly>();
    assert_send_sync::<BlockedTarget>();
    assert_send_sync::<Event>();
    assert_send_sync::<FulfillmentCommand>();
    assert_send_sync::<Lifecycle<Option<FulfillmentStatus>, FulfillmentCommand>>();
    assert_send_sync::<Lifecycle<UserStatus, UserCommand>>();
    assert_send_sync::<Onboarding>();
    assert_send_sync::<Policy>();
    assert_send_sync::<ReplayError>();
    assert_send_sync::<Requirement>();
    assert_send_sync::<Step<UserStatus>>();
    assert_send_sync::<TargetRefusal>();
    assert_send_sync::<Transition<UserStatus, UserCommand>>();
    assert_send_sync::<TransitionError>();
    assert_send_sync::<UserCommand>();
    #[cfg(feature = "json")]
    {
        assert_send_sync::<AdditionalParameter>();
        assert_send_sync::<BunqError>();
        assert_send_sync::<Envelope>();
        assert_send_sync::<ErrorDescription>();
        assert_send_sync::<Id>();
        assert_send_sync::<OtherObject>();
        assert_send_sync::<Outcome>();
        assert_send_sync::<ParseError>();
        assert_send_sync::<ParseErrorKind>();
        assert_send_sync::<PutAnswer>();
        assert_send_sync::<Report<'static>>();
        assert_send_sync::<ResponseItem>();
    }
}
