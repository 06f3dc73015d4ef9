namespace OrleansSessions.Grains.Operators;

/// <summary>How a process serves its operator endpoints: the Orleans dashboard and <c>/metrics</c>.</summary>
public enum OperatorAccessMode
{
    /// <summary>Not served (404): no operator credentials outside the Development environment.</summary>
    Off,

    /// <summary>Served to operators who sign in with <c>Dashboard:Username</c> and <c>Dashboard:Password</c> (HTTP Basic).</summary>
    SignIn,

    /// <summary>Served without sign-in: the Development environment with no credentials configured.</summary>
    Open,
}
