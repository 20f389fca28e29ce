using Mlops.Automation.Rules;
using Mlops.TestSupport;

namespace Mlops.Automation.Tests;

public sealed class RuleLoadingTests
{
    private static readonly RuleLoader Loader = new(Path.Combine(RepositoryLayout.Root, "configs"));

    [Fact]
    public void The_shipped_rules_file_loads_against_the_shipped_training_configs()
    {
        var rules = Loader.LoadFile(Path.Combine(RepositoryLayout.Root, "configs", "automations.yml"));

        var retrain = Assert.Single(rules.Rules, rule => rule.Name == "retrain-on-new-data");
        Assert.Equal(TriggerKind.DatasetVersion, retrain.Trigger.Kind);
        Assert.Equal("fashion-mnist", retrain.Trigger.Dataset);
        Assert.Equal(ActionKind.Train, retrain.Action.Kind);
        Assert.Equal("quick", retrain.Action.Config);
        Assert.Contains(rules.Rules, rule => rule.Action.Kind == ActionKind.Promote);
        Assert.Contains(rules.Rules, rule => rule.Action.Kind == ActionKind.RetrainOnDrift && rule.Cooldown == TimeSpan.FromMinutes(30));
    }

    [Fact]
    public void Every_problem_of_a_bad_file_is_reported_at_once_with_its_rule()
    {
        const string yaml = """
            rules:
              - name: typo-trigger
                trigger: { on: dataset_versoin, dataset: d }
                action: { do: train, config: quick }
              - name: missing-config
                trigger: { on: dataset_version }
                action: { do: train, config: no-such-config }
              - name: bad-action
                trigger: { on: model_registered }
                action: { do: deploy }
              - name: bad-cooldown
                cooldown: soon
                trigger: { on: model_registered }
                action: { do: promote, aliass: production }
            """;

        var error = Assert.Throws<RuleException>(() => Loader.Load(yaml, "test"));

        Assert.Contains(error.Problems, p => p.Contains("rule 'typo-trigger'") && p.Contains("unknown trigger 'dataset_versoin'") && p.Contains("dataset_version"));
        Assert.Contains(error.Problems, p => p.Contains("rule 'missing-config'") && p.Contains("no training config 'no-such-config'") && p.Contains("quick"));
        Assert.Contains(error.Problems, p => p.Contains("rule 'bad-action'") && p.Contains("unknown action 'deploy'"));
        Assert.Contains(error.Problems, p => p.Contains("rule 'bad-cooldown'") && p.Contains("cooldown 'soon'"));
        Assert.Contains(error.Problems, p => p.Contains("rule 'bad-cooldown'") && p.Contains("unknown key 'aliass'"));
        Assert.Equal(5, error.Problems.Count);
    }

    [Fact]
    public void A_cycle_of_rules_with_no_cooldown_is_refused_and_a_cooldown_breaks_it()
    {
        const string cycle = """
            rules:
              - name: promote
                trigger: { on: model_registered, model: fashion }
                action: { do: promote }
              - name: retrain-after-promotion
                trigger: { on: model_promoted, model: fashion }
                action: { do: train, config: quick, dataset: fashion-mnist, model: fashion }
            """;

        var error = Assert.Throws<RuleException>(() => Loader.Load(cycle, "test"));
        var problem = Assert.Single(error.Problems);
        Assert.Contains("'promote' -> 'retrain-after-promotion' -> 'promote'", problem);
        Assert.Contains("cooldown", problem);

        var withCooldown = Loader.Load(cycle.Replace("  - name: retrain-after-promotion\n", "  - name: retrain-after-promotion\n    cooldown: 1h\n"), "test");
        Assert.Equal(2, withCooldown.Rules.Count);
    }

    [Fact]
    public void Rules_on_different_models_do_not_form_a_cycle()
    {
        const string yaml = """
            rules:
              - name: promote-a
                trigger: { on: model_registered, model: a }
                action: { do: promote }
              - name: train-b-after-a
                trigger: { on: model_promoted, model: a }
                action: { do: train, config: quick, dataset: d, model: b }
            """;

        Assert.Equal(2, Loader.Load(yaml, "test").Rules.Count);
    }

    [Fact]
    public void Actions_that_do_not_fit_their_trigger_are_refused()
    {
        const string yaml = """
            rules:
              - name: promote-on-data
                trigger: { on: dataset_version }
                action: { do: promote }
              - name: drift-retrain-without-dataset
                trigger: { on: drift_alert, model: fashion }
                action: { do: retrain_on_drift, config: quick }
              - name: pins-dataset-itself
                trigger: { on: dataset_version }
                action: { do: train, config: quick, overrides: [data.dataset=abc, epochs] }
            """;

        var error = Assert.Throws<RuleException>(() => Loader.Load(yaml, "test"));

        Assert.Contains(error.Problems, p => p.Contains("'promote-on-data'") && p.Contains("needs the model_registered trigger"));
        Assert.Contains(error.Problems, p => p.Contains("'drift-retrain-without-dataset'") && p.Contains("needs `dataset:`"));
        Assert.Contains(error.Problems, p => p.Contains("'pins-dataset-itself'") && p.Contains("sets data.dataset"));
        Assert.Contains(error.Problems, p => p.Contains("'pins-dataset-itself'") && p.Contains("'epochs' is not key=value"));
    }

    [Fact]
    public void A_refused_reload_keeps_the_last_good_rules_and_tells_why()
    {
        var folder = Directory.CreateTempSubdirectory("automation-rules-").FullName;
        try
        {
            var path = Path.Combine(folder, "automations.yml");
            File.WriteAllText(path, """
                rules:
                  - name: good
                    trigger: { on: model_registered }
                    action: { do: promote }
                """);
            var book = new RuleBook(Loader, path, new MemorySwitches());
            Assert.Empty(book.Reload());

            File.WriteAllText(path, "rules:\n  - name: broken\n    trigger: { on: nothing }\n    action: { do: promote }\n");
            var problems = book.Reload();

            Assert.Contains(problems, p => p.Contains("unknown trigger 'nothing'"));
            Assert.Equal(["good"], book.Current.Rules.Select(rule => rule.Name));
            Assert.Equal(problems, book.RefusedProblems);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Durations_read_as_written()
    {
        var problems = new List<string>();
        Assert.Equal(TimeSpan.FromSeconds(90), RuleFileParser.Duration("90s", "r", problems));
        Assert.Equal(TimeSpan.FromMinutes(10), RuleFileParser.Duration("10m", "r", problems));
        Assert.Equal(TimeSpan.FromHours(2), RuleFileParser.Duration("2h", "r", problems));
        Assert.Equal(TimeSpan.FromSeconds(45), RuleFileParser.Duration("45", "r", problems));
        Assert.Empty(problems);
    }

    private sealed class MemorySwitches : IRuleSwitches
    {
        private readonly Dictionary<string, bool> switches = [];

        public bool? IsEnabled(string rule) => switches.TryGetValue(rule, out var enabled) ? enabled : null;

        public void SetEnabled(string rule, bool enabled) => switches[rule] = enabled;
    }
}
