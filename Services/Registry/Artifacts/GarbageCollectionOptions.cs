namespace Mlops.Registry.Artifacts;

/// <summary>Bound from "Registry:GarbageCollection".</summary>
public sealed class GarbageCollectionOptions
{
    public const string Section = "Registry:GarbageCollection";

    /// <summary>An unreferenced artifact younger than this is kept: it may be an upload whose version is about to be registered.</summary>
    public TimeSpan MinimumAge { get; set; } = TimeSpan.FromHours(1);
}
