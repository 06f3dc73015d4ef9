namespace OrleansSessions.Abstractions.Roles;

/// <summary>What start-up's bootstrap admin step found and did.</summary>
[GenerateSerializer, Alias("os.BootstrapOutcome")]
public enum BootstrapOutcome
{
    /// <summary>The account was created (or its interrupted creation completed) with the admin role.</summary>
    Created = 0,

    /// <summary>The bootstrap account was set up by an earlier start; nothing changed (a later demotion stands).</summary>
    AlreadySetUp = 1,

    /// <summary>Someone else registered the email first: the role is NOT granted.</summary>
    EmailTakenByAnotherAccount = 2,
}
