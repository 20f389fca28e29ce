using Mlops.Training.Configs;

namespace Mlops.Training.Tests;

public sealed class ConfigResolverTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("training-configs-").FullName;
    private readonly ConfigResolver resolver;

    public ConfigResolverTests()
    {
        File.WriteAllText(Path.Combine(root, "base.yaml"), """
            defaults:
              - model: big
            epochs: 4
            optimizer:
              learning_rate: 0.01
            """);
        Directory.CreateDirectory(Path.Combine(root, "model"));
        File.WriteAllText(Path.Combine(root, "model", "big.yaml"), "model:\n  conv_channels: [32, 64]\n  hidden_units: 256\n");
        File.WriteAllText(Path.Combine(root, "model", "tiny.yaml"), "model:\n  conv_channels: [4]\n  hidden_units: 8\n");
        resolver = new ConfigResolver(new ConfigCatalog(root));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Group_defaults_then_the_config_then_overrides_apply_and_every_other_key_takes_its_default()
    {
        var config = resolver.Resolve(ConfigRequest.Named("base", "batch_size=64", "optimizer.name=sgd"));

        Assert.Equal([32, 64], config.Get<IReadOnlyList<int>>("model.conv_channels"));
        Assert.Equal(256, config.Get<int>("model.hidden_units"));
        Assert.Equal(4, config.Get<int>("epochs"));
        Assert.Equal(0.01, config.Get<double>("optimizer.learning_rate"));
        Assert.Equal(64, config.Get<int>("batch_size"));
        Assert.Equal("sgd", config.Get<string>("optimizer.name"));
        Assert.Equal(ConfigSchema.Find("seed")!.Default, config.Get<int>("seed"));
    }

    [Fact]
    public void A_group_override_picks_another_choice()
    {
        var config = resolver.Resolve(ConfigRequest.Named("base", "model=tiny"));

        Assert.Equal([4], config.Get<IReadOnlyList<int>>("model.conv_channels"));
        Assert.Equal(8, config.Get<int>("model.hidden_units"));
    }

    [Fact]
    public void A_list_override_is_read_as_yaml()
    {
        var config = resolver.Resolve(ConfigRequest.Named("base", "model.conv_channels=[8,16,24]"));

        Assert.Equal([8, 16, 24], config.Get<IReadOnlyList<int>>("model.conv_channels"));
    }

    [Fact]
    public void The_resolved_yaml_lists_every_key_and_resolves_to_itself_with_the_same_hash()
    {
        var config = resolver.Resolve(ConfigRequest.Named("base", "seed=7"));
        var again = resolver.Resolve(ConfigRequest.FromYaml(config.Yaml));

        foreach (var key in ConfigSchema.Keys)
        {
            Assert.Contains(key.Path.Split('.')[^1] + ":", config.Yaml, StringComparison.Ordinal);
        }

        Assert.Equal(config.Yaml, again.Yaml);
        Assert.Equal(config.Hash, again.Hash);
        Assert.Matches("^[0-9a-f]{64}$", config.Hash);
    }

    [Fact]
    public void Different_values_give_different_hashes()
    {
        Assert.NotEqual(
            resolver.Resolve(ConfigRequest.Named("base", "seed=1")).Hash,
            resolver.Resolve(ConfigRequest.Named("base", "seed=2")).Hash);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var error = Assert.Throws<ConfigException>(() => resolver.Resolve(ConfigRequest.Named("base",
            "optimizer.learning_rate=0", "epochs=0", "batch_size=ten", "optimizer.lr=0.1", "optimizer.name=rmsprop", "model=huge")));

        Assert.Contains(error.Problems, p => p.Contains("optimizer.learning_rate", StringComparison.Ordinal) && p.Contains("greater than 0", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("epochs:", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("batch_size must be an integer", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("unknown key 'optimizer.lr'", StringComparison.Ordinal) && p.Contains("learning_rate", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("optimizer.name must be one of adam, adamw, sgd", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("no choice 'huge'", StringComparison.Ordinal) && p.Contains("tiny", StringComparison.Ordinal));
        Assert.Equal(6, error.Problems.Count);
    }

    [Theory]
    [InlineData("epochs: 1.5", "epochs must be an integer")]
    [InlineData("epochs: true", "epochs must be an integer")]
    [InlineData("epochs: -3", "epochs: must be 1..1000")]
    [InlineData("batch_size: 0", "batch_size: must be 1..65536")]
    [InlineData("optimizer:\n  learning_rate: -0.1", "greater than 0")]
    [InlineData("optimizer:\n  learning_rate: .nan", "must be a number")]
    [InlineData("model:\n  dropout: 1", "model.dropout: must be in [0, 1)")]
    [InlineData("model:\n  kernel_size: 4", "must be odd")]
    [InlineData("model:\n  conv_channels: 32", "a list of integers")]
    [InlineData("model:\n  conv_channels: [32, x]", "a list of integers")]
    [InlineData("model:\n  conv_channels: []", "1 to 4 channel counts")]
    [InlineData("data:\n  augment:\n    horizontal_flip: maybe", "true or false")]
    [InlineData("data: fashion", "data is a section")]
    [InlineData("epoch: 3", "unknown key 'epoch'")]
    [InlineData("optimizer:\n  momentum_x: 1", "unknown key 'optimizer.momentum_x'")]
    [InlineData("register:\n  model_name: 'bad name!'", "register.model_name")]
    [InlineData("data:\n  dataset: ''", "data.dataset needs a value")]
    [InlineData("seed:", "seed needs a value")]
    [InlineData("defaults:\n  - optimiser: adam", "no config group 'optimiser'")]
    [InlineData("epochs: 3\nepochs: 4", "not valid YAML at line 2")]
    [InlineData("epochs: [3", "not valid YAML")]
    [InlineData("- just\n- a list", "top level must be a mapping")]
    public void A_bad_yaml_config_is_rejected_with_a_message_naming_the_problem(string yaml, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => resolver.Resolve(ConfigRequest.FromYaml(yaml)));

        Assert.Contains(error.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("epochs")]
    [InlineData("=3")]
    public void An_override_without_key_and_value_is_rejected(string text)
    {
        var error = Assert.Throws<ConfigException>(() => resolver.Resolve(ConfigRequest.Named("base", text)));

        Assert.Contains(error.Problems, p => p.Contains("must be key=value", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_config_name_lists_the_configs_there_are()
    {
        var error = Assert.Throws<ConfigException>(() => resolver.Resolve(ConfigRequest.Named("nope")));

        Assert.Contains("base", error.Problems.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_name_cannot_reach_outside_the_catalog()
    {
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(root)!, "outside.yaml"), "epochs: 1");

        Assert.Throws<ConfigException>(() => resolver.Resolve(ConfigRequest.Named("../outside")));
        Assert.Throws<ConfigException>(() => resolver.Resolve(ConfigRequest.Named("base", "model=../../outside")));
    }

    [Fact]
    public void The_shipped_configs_and_every_model_choice_resolve()
    {
        var catalog = new ConfigCatalog(Path.Combine(Mlops.TestSupport.RepositoryLayout.Root, "configs"));
        var shipped = new ConfigResolver(catalog);

        Assert.Contains("default", catalog.ConfigNames());
        Assert.Contains("quick", catalog.ConfigNames());
        foreach (var name in catalog.ConfigNames())
        {
            foreach (var choice in catalog.Groups()["model"])
            {
                shipped.Resolve(ConfigRequest.Named(name, $"model={choice}"));
            }
        }
        var quick = shipped.Resolve(ConfigRequest.Named("quick")).ToTrainingConfig();
        Assert.InRange(quick.Options.Epochs, 1, 2);
    }
}
