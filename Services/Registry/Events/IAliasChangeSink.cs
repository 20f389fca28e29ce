using Mlops.Registry.Model;

namespace Mlops.Registry.Events;

/// <summary>Somewhere an alias change is announced. Publish returns at once and never throws: announcing must not hold up or fail the change.</summary>
public interface IAliasChangeSink
{
    void Publish(AliasMove change);
}
