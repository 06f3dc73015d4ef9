using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Grains.Domain;

namespace OrleansSessions.UnitTests;

/// <summary>Per-client policies: which clients are known, what each follows, and the limit counted per client.</summary>
public sealed class ClientPolicyRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

    private static SessionPolicy Policy() => new()
    {
        MaxPerUser = 5,
        IdleTimeout = TimeSpan.FromHours(1),
        Clients =
        {
            ["mobile"] = new ClientPolicy { MaxPerUser = 2, IdleTimeout = TimeSpan.FromMinutes(5), RememberMeLifetime = TimeSpan.FromDays(90) },
            ["kiosk"] = new ClientPolicy { MaxPerUser = 1, LimitPolicy = LimitPolicy.RejectNew },
        },
    };

    private static StoredSession Session(string id, DateTimeOffset createdAt, string client = SessionClients.Default, bool rememberMe = false) =>
        SessionRules.NewSession(id, "secret", createdAt, rememberMe, null, null, null, client);

    [Fact]
    public void Known_clients_are_the_default_and_the_configured_names_in_any_case()
    {
        var policy = Policy();

        Assert.Equal(SessionClients.Default, policy.KnownClient(null));
        Assert.Equal(SessionClients.Default, policy.KnownClient("Default"));
        Assert.Equal("mobile", policy.KnownClient("MOBILE"));
        Assert.Null(policy.KnownClient("tv"));
        Assert.Null(policy.KnownClient(""));
    }

    [Fact]
    public void A_clients_policy_is_the_defaults_with_its_overrides()
    {
        var policy = Policy();

        var mobile = policy.For("mobile");
        Assert.Equal((2, TimeSpan.FromMinutes(5), policy.AbsoluteLifetime, TimeSpan.FromDays(90), LimitPolicy.EvictOldest),
            (mobile.MaxPerUser, mobile.IdleTimeout, mobile.AbsoluteLifetime, mobile.RememberMeLifetime, mobile.LimitPolicy));
        Assert.Equal(LimitPolicy.RejectNew, policy.For("kiosk").LimitPolicy);
        Assert.Same(policy, policy.For(null));
        Assert.Same(policy, policy.For(SessionClients.Default));
        Assert.Equal(TimeSpan.FromDays(90), policy.LongestLifetime);
    }

    [Fact]
    public void Overrides_of_the_default_client_apply_to_its_sessions_limit_and_expiry_alike()
    {
        var policy = Policy();
        policy.Clients["Default"] = new ClientPolicy { MaxPerUser = 1, IdleTimeout = TimeSpan.FromMinutes(10) };
        var stored = Session("w1", T0); // stored without a client name, as default sessions are

        Assert.Equal(1, policy.For(null).MaxPerUser);
        Assert.Equal(1, policy.For(SessionClients.Default).MaxPerUser);
        Assert.Equal(T0.AddMinutes(10), SessionRules.ExpiresAt(policy, stored));
        Assert.Equal([stored], SessionRules.Admit(policy, [stored]).Evicted);
        Assert.Equal(TimeSpan.FromHours(1), policy.For("kiosk").IdleTimeout); // other clients build on the top level
    }

    [Fact]
    public void The_limit_counts_only_the_logging_in_clients_sessions_and_evicts_its_oldest()
    {
        var policy = Policy();
        var active = new[]
        {
            Session("w1", T0), Session("w2", T0.AddMinutes(1)), Session("w3", T0.AddMinutes(2)),
            Session("m1", T0.AddMinutes(3), "mobile"), Session("m2", T0.AddMinutes(4), "mobile"),
        };

        var web = SessionRules.Admit(policy, active);
        var mobile = SessionRules.Admit(policy, active, "mobile");

        Assert.False(web.Refused);
        Assert.Empty(web.Evicted);
        Assert.False(mobile.Refused);
        Assert.Equal(["m1"], mobile.Evicted.Select(s => s.Id));
    }

    [Fact]
    public void A_reject_new_client_refuses_past_its_own_limit_only()
    {
        var policy = Policy();
        var active = new[] { Session("k1", T0, "kiosk"), Session("w1", T0) };

        Assert.True(SessionRules.Admit(policy, active, "kiosk").Refused);
        Assert.False(SessionRules.Admit(policy, active).Refused);
    }

    [Fact]
    public void Each_session_expires_by_its_clients_policy()
    {
        var policy = Policy();
        var mobile = Session("m", T0, "mobile");
        var web = Session("w", T0);
        var rememberedMobile = Session("r", T0, "mobile", rememberMe: true);

        Assert.Equal(T0.AddMinutes(5), SessionRules.ExpiresAt(policy, mobile));
        Assert.Equal(T0.AddHours(1), SessionRules.ExpiresAt(policy, web));
        Assert.Equal(T0.AddDays(90), SessionRules.ExpiresAt(policy, rememberedMobile));
        Assert.Equal(ExpiryReason.Idle, SessionRules.ExpiryReasonAt(policy, mobile, T0.AddMinutes(6)));
        Assert.Equal(ExpiryReason.NotExpired, SessionRules.ExpiryReasonAt(policy, web, T0.AddMinutes(6)));
    }

    [Fact]
    public void A_default_session_is_stored_without_a_client_name_and_others_with_theirs()
    {
        Assert.Null(Session("w", T0).Client);
        Assert.Equal(SessionClients.Default, Session("w", T0).ClientName);
        Assert.Equal("mobile", Session("m", T0, "mobile").Client);
    }

    [Fact]
    public void Bad_client_settings_are_named_at_start()
    {
        var policy = new SessionPolicy
        {
            Clients =
            {
                ["bad name!"] = new ClientPolicy(),
                ["mobile"] = new ClientPolicy { MaxPerUser = 0, IdleTimeout = TimeSpan.Zero },
            },
        };

        var problems = policy.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(policy)).Select(r => r.ErrorMessage).ToList();

        Assert.Contains(problems, p => p!.Contains("Sessions:Clients:bad name!", StringComparison.Ordinal));
        Assert.Contains(problems, p => p!.Contains("Sessions:Clients:mobile:MaxPerUser", StringComparison.Ordinal));
        Assert.Contains(problems, p => p!.Contains("Sessions:Clients:mobile:IdleTimeout", StringComparison.Ordinal));
    }
}
