using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Mlops.Automation.Engine;
using Mlops.Automation.Events;
using Mlops.Automation.Repositories;
using Mlops.Automation.Rules;
using Mlops.Automation.Telemetry;
using Mlops.Storage;
using Mlops.TestSupport;

namespace Mlops.Automation.Tests;

/// <summary>The automation's engine over a real SQLite file in a folder of its own; a second harness on the same folder is the service after a restart.</summary>
internal sealed class AutomationHarness
{
    public AutomationHarness(string folder, string rulesYaml, RecordingPlatform platform)
    {
        Folder = folder;
        Platform = platform;
        var rulesPath = Path.Combine(folder, "automations.yml");
        File.WriteAllText(rulesPath, rulesYaml);
        Store = new AutomationStore(new SqliteDatabase(Path.Combine(folder, "automation.db"), AutomationSchema.Migrations));
        Rules = new RuleBook(new RuleLoader(Path.Combine(RepositoryLayout.Root, "configs")), rulesPath, Store);
        Metrics = new AutomationMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>(), Rules);
        var problems = Rules.Reload();
        Assert.True(problems.Count == 0, string.Join("; ", problems));
        Engine = new RuleEngine(Rules, Store, new ActionRunner(platform), Metrics, TimeProvider.System, NullLogger<RuleEngine>.Instance);
        Jobs = new JobFollower(Store, platform, Metrics, TimeProvider.System, NullLogger<JobFollower>.Instance);
    }

    public string Folder { get; }

    public RecordingPlatform Platform { get; }

    public AutomationStore Store { get; }

    public RuleBook Rules { get; }

    public AutomationMetrics Metrics { get; }

    public RuleEngine Engine { get; }

    public JobFollower Jobs { get; }

    public EventQueue Queue { get; } = new();

    /// <summary>Handles what is queued until <paramref name="done"/> holds (or fails after a generous limit).</summary>
    public async Task HandleQueuedUntilAsync(Func<bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!done())
        {
            var platformEvent = await Queue.Reader.ReadAsync(timeout.Token);
            await Engine.HandleAsync(platformEvent, timeout.Token);
        }
    }
}
