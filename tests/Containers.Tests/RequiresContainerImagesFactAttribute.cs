namespace Mlops.Containers.Tests;

/// <summary>A test that runs the platform's images under podman: skipped, with the reason, where podman or the images are missing.</summary>
public sealed class RequiresContainerImagesFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(Podman.MissingReason);

    public RequiresContainerImagesFactAttribute()
    {
        if (Missing.Value is { } reason)
        {
            Skip = reason;
        }
    }
}
