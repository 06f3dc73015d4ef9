namespace OrleansSessions.Grains.Revocation;

[GenerateSerializer, Alias("os.ApiNodeRegistryState")]
internal sealed class ApiNodeRegistryState
{
    /// <summary>Whether a registry has been active before in this cluster's life (and so may have granted leases).</summary>
    [Id(0)]
    public bool EverActivated { get; set; }
}
