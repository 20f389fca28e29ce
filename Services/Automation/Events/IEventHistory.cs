namespace Mlops.Automation.Events;

/// <summary>The platform's past events, read back from the services that own them: the catch-up after a restart or a lost message.</summary>
public interface IEventHistory
{
    Task<IReadOnlyList<PlatformEvent>> SinceAsync(DateTimeOffset since, CancellationToken cancellationToken);
}
