using Mlops.Training.Configs;

namespace Mlops.Training.Tests;

/// <summary>A config or override cannot make the resolver do unbounded work: alias bombs and deep nesting are refused before a tree is built.</summary>
public sealed class ConfigLimitsTests
{
    private static string AliasBomb()
    {
        var yaml = new System.Text.StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level < 9; level++)
        {
            yaml.Append($"a{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 10))}]\n");
        }

        return yaml.ToString();
    }

    [Fact]
    public void An_alias_bomb_config_is_refused_naming_the_limit()
    {
        var error = Assert.Throws<ConfigException>(() => YamlTree.ParseMapping(AliasBomb(), "the config YAML"));

        Assert.Contains("limit", string.Join(" ", error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_bomb_in_an_override_value_is_refused_naming_the_limit()
    {
        var bomb = "[" + string.Join(", ", Enumerable.Range(0, 70).Select(i => i == 0 ? "&a [x, x, x, x, x, x, x, x, x, x]" : "*a")) + "]";

        var error = Assert.Throws<ConfigException>(() => YamlTree.ParseValue(bomb));

        Assert.Contains("alias limit", string.Join(" ", error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_instead_of_overflowing_the_stack()
    {
        var deep = "a: " + new string('[', 20_000) + new string(']', 20_000);

        var error = Assert.Throws<ConfigException>(() => YamlTree.ParseMapping(deep, "the config YAML"));

        Assert.Contains("depth limit", string.Join(" ", error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_flow_collection_is_invalid_yaml_not_an_internal_error()
    {
        var error = Assert.Throws<ConfigException>(() => YamlTree.ParseMapping("lr: [0.1\nepochs: {", "the config YAML"));

        Assert.Contains("not valid YAML", string.Join(" ", error.Problems), StringComparison.Ordinal);
    }
}
