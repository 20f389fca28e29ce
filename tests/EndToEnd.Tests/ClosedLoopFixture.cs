namespace Mlops.EndToEnd.Tests;

/// <summary>
/// The whole platform from the AppHost with the automation's rules of the closed loop, and drift and gate settings
/// that let a small sample show it: short windows, an alert after two drifted windows in a row, a lenient gate
/// (one epoch on 3,000 images is the point of the test, not its accuracy).
/// </summary>
public sealed class ClosedLoopFixture : PlatformFixture
{
    public const string Dataset = "fashion-loop";
    public const string Model = "fashion";

    public const string Rules = """
        rules:
          - name: train-on-new-data
            trigger: { on: dataset_version, dataset: fashion-loop }
            action: { do: train, config: quick, overrides: [epochs=1], model: fashion }
          - name: promote-new-versions
            trigger: { on: model_registered, model: fashion }
            action: { do: promote }
          - name: retrain-on-drift
            cooldown: 1h
            trigger: { on: drift_alert, model: fashion }
            action: { do: retrain_on_drift, config: quick, overrides: [epochs=1], dataset: fashion-loop }
        """;

    public ClosedLoopFixture() : base("auto")
    {
        File.WriteAllText(RulesFile, Rules);
    }

    /// <summary>A folder Ingestion may import from (the data root's imports/), removed with the data root.</summary>
    public string ImportsFolder => Path.Combine(DataRoot, "imports");

    private string RulesFile => Path.Combine(DataRoot, "automations.yml");

    protected override IEnumerable<string> Settings => [$"--Automation:RulesFile={RulesFile}"];

    protected override IEnumerable<string> AwaitedResources => [.. Services, "automation"];

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        SetEnvironment(builder, "drift", ("Drift__Window__Size", "200"), ("Drift__Window__MinDuration", "00:00:00"), ("Drift__Alerts__ConsecutiveWindows", "2"));
        SetEnvironment(builder, "registry", ("Registry__Gate__MinAccuracy", "0.3"), ("Registry__Gate__MaxAccuracyDropVsProduction", "0.5"));
        SetEnvironment(builder, "automation", ("Automation__CatchUpInterval", "00:00:10"));
    }
}
