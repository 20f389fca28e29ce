using Mlops.Training.V1;

namespace Mlops.Frontend.Platform;

/// <summary>
/// The Jobs page's sweep form: the searched parameters, one per line (<see cref="SweepParameterText.Syntax"/>), a grid or
/// random strategy, a trial bound, the metric and its goal. The config and overrides are the job form's.
/// </summary>
public sealed class SweepSubmission
{
    public const string Grid = "grid";
    public const string Random = "random";

    public string ParametersText { get; set; } = "";

    public string Strategy { get; set; } = Grid;

    public int MaxTrials { get; set; } = 10;

    public string Metric { get; set; } = "val_accuracy";

    public bool Minimize { get; set; }

    public bool MedianStopping { get; set; }

    public int Seed { get; set; }

    /// <summary>The request's search part, or every problem of the form at once (then nothing is to be sent).</summary>
    public (SubmitSweepRequest? Request, IReadOnlyList<string> Problems) Read()
    {
        var problems = new List<string>();
        var request = new SubmitSweepRequest
        {
            Strategy = Strategy == Random ? SweepStrategy.Random : SweepStrategy.Grid,
            MaxTrials = MaxTrials,
            Metric = Metric.Trim(),
            Goal = Minimize ? MetricGoal.Minimize : MetricGoal.Maximize,
            MedianStopping = MedianStopping,
            Seed = Seed,
        };
        var lines = ParametersText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
        {
            problems.Add($"Name at least one searched parameter, one per line: {SweepParameterText.Syntax}.");
        }

        foreach (var line in lines)
        {
            try
            {
                var parameter = SweepParameterText.Parse(line);
                if (request.Strategy == SweepStrategy.Grid && parameter.SpaceCase == SweepParameter.SpaceOneofCase.Range)
                {
                    problems.Add($"'{line}': a grid takes lists of values (key=v1,v2); a range (key=min:max) needs random search.");
                }

                request.Parameters.Add(parameter);
            }
            catch (FormatException error)
            {
                problems.Add($"'{line}': {error.Message}");
            }
        }

        if (MaxTrials < 1)
        {
            problems.Add("The sweep needs at least 1 trial.");
        }

        return problems.Count == 0 ? (request, []) : (null, problems);
    }
}
