using System.Text;

namespace Mlops.ServiceDefaults.Tests;

public sealed class YamlLimitsTests
{
    /// <summary>Nine levels of ten aliases each: 10^9 values once expanded, from under 1 KB of text.</summary>
    public static string BillionLaughs()
    {
        var yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level < 9; level++)
        {
            yaml.Append($"a{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 10))}]\n");
        }

        return yaml.ToString();
    }

    [Fact]
    public void An_alias_bomb_is_refused_before_it_is_expanded()
    {
        var problem = YamlLimits.Problem(BillionLaughs(), "the config");

        Assert.NotNull(problem);
        Assert.Contains("limit", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Few_aliases_expanding_past_the_node_limit_are_refused()
    {
        var wide = $"a: &a [{string.Join(", ", Enumerable.Repeat("x", 5000))}]\nb: [*a, *a, *a]\n";

        Assert.Contains("node limit", YamlLimits.Problem(wide, "the config"), StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_refused_by_the_depth_limit()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);

        Assert.Contains("depth limit", YamlLimits.Problem(deep, "the config"), StringComparison.Ordinal);
    }

    [Fact]
    public void Text_over_the_size_limit_is_refused()
    {
        Assert.Contains("size limit", YamlLimits.Problem(new string('#', YamlLimits.MaxChars + 1), "the config"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_ordinary_config_with_an_anchor_passes()
    {
        Assert.Null(YamlLimits.Problem("base: &b {lr: 0.01}\nrun:\n  optimizer: *b\nepochs: 3\n", "the config"));
    }
}
