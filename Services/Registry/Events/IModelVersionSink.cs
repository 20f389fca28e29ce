using Mlops.Registry.Model;

namespace Mlops.Registry.Events;

/// <summary>Told about every newly registered model version; must not block or throw.</summary>
public interface IModelVersionSink
{
    void Publish(RegisteredVersion version);
}
