using System.Globalization;
using Mlops.LoadGenerator.Engine;
using Mlops.LoadGenerator.Thresholds;

namespace Mlops.LoadGenerator.Cli;

/// <summary>
/// Parses the command line by hand. Simulations are phases in the order given: each --closed or
/// --open pairs with the --duration next to it, e.g. <c>--open 100..2000 --duration 30s --open 2000 --duration 60s</c>.
/// </summary>
public static class CommandLineParser
{
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(10);

    /// <exception cref="UsageException">Unknown option, missing or malformed value.</exception>
    public static LoadTestCommand Parse(IReadOnlyList<string> args)
    {
        var command = new LoadTestCommand();
        var scenarios = new List<ScenarioChoice>();
        var thresholds = new List<Threshold>();
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var phases = new PhaseBuilder();

        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = Split(args[i]);
            string Value() => inlineValue ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"{name} needs a value."));

            command = name switch
            {
                "-h" or "--help" or "-?" => command with { ShowHelp = true },
                "--list" => command with { ListScenarios = true },
                "-s" or "--scenario" => Add(command, () => scenarios.AddRange(ParseScenarios(Value()))),
                "--closed" => Add(command, () => phases.Closed(Value())),
                "--open" => Add(command, () => phases.Open(Value())),
                "-d" or "--duration" => Add(command, () => phases.Duration(ParseDuration(name, Value()))),
                "--warmup" => command with { WarmUp = ParseDuration(name, Value()) },
                "-t" or "--threshold" => Add(command, () => thresholds.Add(ParseThreshold(Value()))),
                "--target" => command with { Target = ParseTarget(Value()) },
                "--allow-remote" => command with { AllowRemote = true },
                "--max-requests" => command with { MaxRequests = ParsePositive(name, Value()) },
                "--max-in-flight" => command with { MaxInFlight = (int)Math.Min(int.MaxValue, ParsePositive(name, Value())) },
                "--grace" => command with { Grace = ParseDuration(name, Value()) },
                "--set" => Add(command, () => AddSetting(settings, Value())),
                "-o" or "--report-dir" => command with { ReportDirectory = Value() },
                "--no-report" => command with { NoReport = true },
                "-q" or "--quiet" => command with { Quiet = true },
                _ => throw new UsageException($"Unknown option '{args[i]}'. Run with --help for the options."),
            };
        }

        return command with
        {
            Scenarios = scenarios,
            Simulations = phases.Build(),
            Thresholds = thresholds,
            Settings = settings,
        };
    }

    private static LoadTestCommand Add(LoadTestCommand command, Action add)
    {
        add();
        return command;
    }

    private static (string Name, string? Value) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }

    private static IEnumerable<ScenarioChoice> ParseScenarios(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(part =>
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return new ScenarioChoice(part, 1);
            }

            return int.TryParse(part[(colon + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var weight) && weight >= 1
                ? new ScenarioChoice(part[..colon], weight)
                : throw new UsageException($"Scenario '{part}': the weight after ':' must be a whole number of 1 or more.");
        });

    private static TimeSpan ParseDuration(string option, string text)
    {
        try
        {
            return DurationText.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UsageException($"{option}: {e.Message}");
        }
    }

    private static Threshold ParseThreshold(string text)
    {
        try
        {
            return Threshold.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static Uri ParseTarget(string text) => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        ? uri
        : throw new UsageException($"--target '{text}' is not an http:// or https:// address.");

    private static long ParsePositive(string option, string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 1
            ? value
            : throw new UsageException($"{option} needs a whole number of 1 or more, not '{text}'.");

    private static void AddSetting(Dictionary<string, string> settings, string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new UsageException($"--set '{text}' is not key=value.");
        }

        settings[text[..equals].Trim()] = text[(equals + 1)..].Trim();
    }

    /// <summary>Pairs each simulation with the duration given next to it (before or after).</summary>
    private sealed class PhaseBuilder
    {
        private readonly List<LoadSimulation> _phases = [];
        private Func<TimeSpan, LoadSimulation>? _pendingLoad;
        private TimeSpan? _pendingDuration;

        public void Closed(string text)
        {
            var (from, to) = ParseRange("--closed", text);
            if (from != Math.Floor(from) || to != Math.Floor(to))
            {
                throw new UsageException($"--closed '{text}': copies are whole numbers.");
            }

            Load(during => LoadSimulation.RampCopies((int)from, (int)to, during));
        }

        public void Open(string text)
        {
            var (from, to) = ParseRange("--open", text);
            Load(during => LoadSimulation.RampRate(from, to, during));
        }

        public void Duration(TimeSpan duration)
        {
            if (duration <= TimeSpan.Zero)
            {
                throw new UsageException("--duration must be more than zero.");
            }

            if (_pendingLoad is { } load)
            {
                _phases.Add(load(duration));
                _pendingLoad = null;
            }
            else
            {
                _pendingDuration = _pendingDuration is null ? duration : throw new UsageException("Two --duration options with no --closed or --open between them.");
            }
        }

        public IReadOnlyList<LoadSimulation> Build()
        {
            if (_pendingLoad is { } load)
            {
                _phases.Add(load(_pendingDuration ?? DefaultDuration));
            }
            else if (_phases.Count == 0)
            {
                _phases.Add(LoadSimulation.KeepConstant(1, _pendingDuration ?? DefaultDuration));
            }
            else if (_pendingDuration is not null)
            {
                throw new UsageException("The last --duration has no --closed or --open to go with.");
            }

            return _phases;
        }

        private void Load(Func<TimeSpan, LoadSimulation> load)
        {
            if (_pendingLoad is { } previous)
            {
                _phases.Add(previous(DefaultDuration));
            }

            if (_pendingDuration is { } duration)
            {
                _phases.Add(load(duration));
                _pendingDuration = null;
                _pendingLoad = null;
            }
            else
            {
                _pendingLoad = load;
            }
        }

        private static (double From, double To) ParseRange(string option, string text)
        {
            var parts = text.Split("..", StringSplitOptions.TrimEntries);
            if (parts.Length is < 1 or > 2
                || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var from)
                || !double.TryParse(parts[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var to)
                || from < 0 || to < 0 || !double.IsFinite(from) || !double.IsFinite(to))
            {
                throw new UsageException($"{option} '{text}' is not a number or a range such as 10..200.");
            }

            return (from, to);
        }
    }
}
