using System.Text.Json;
using Mlops.Registry.V1;
using Spectre.Console.Rendering;

namespace Mlops.Cli.Output;

/// <summary>One phase of the training step profile: its seconds per epoch and over the run.</summary>
public sealed record PhaseRow(string Phase, IReadOnlyList<double> EpochSeconds)
{
    public double TotalSeconds => EpochSeconds.Sum();
}

/// <summary>`mlops runs profile`: where a run's training time went, phase by phase.</summary>
public static class ProfileViews
{
    /// <summary>The phases in step order, as the training service names them in phase_&lt;name&gt;_seconds.</summary>
    public static readonly string[] Phases = ["data_wait", "forward", "backward", "optimizer_step", "evaluation"];

    public static string MetricKey(string phase) => $"phase_{phase}_seconds";

    public const string TraceArtifact = "profile/trace.json";

    public static IReadOnlyList<PhaseRow> Rows(IReadOnlyDictionary<string, MetricHistory> histories) =>
        Phases.Select(phase => new PhaseRow(phase,
                histories.TryGetValue(phase, out var history) ? history.Points.OrderBy(p => p.Epoch).Select(p => p.Value).ToList() : []))
            .ToList();

    public static IRenderable Table(Run run, IReadOnlyList<PhaseRow> rows)
    {
        if (rows.All(row => row.EpochSeconds.Count == 0))
        {
            return DatasetViews.Empty($"Run {run.Id} has no phase timings (trained with profile.enabled=false, or before its first epoch ended).");
        }

        var total = rows.Sum(row => row.TotalSeconds);
        var epochs = rows.Max(row => row.EpochSeconds.Count);
        var table = Tables.Create("phase", "total s", "share", "per epoch s");
        foreach (var row in rows)
        {
            table.AddCells(row.Phase, Format.Fixed(row.TotalSeconds, 2), total > 0 ? Format.Percent(row.TotalSeconds / total) : "-",
                row.EpochSeconds.Count > 0 ? Format.Fixed(row.TotalSeconds / row.EpochSeconds.Count, 2) : "-");
        }

        table.AddCells("total", Format.Fixed(total, 2), Format.Percent(1), Format.Fixed(total / Math.Max(1, epochs), 2));
        var trace = run.Artifacts.FirstOrDefault(a => a.Name == TraceArtifact);
        var note = new Spectre.Console.Text(trace is null
            ? $"{epochs} epoch(s) of run {run.Id}; no trace stored (profile.trace_steps=0)."
            : $"{epochs} epoch(s) of run {run.Id}; trace {trace.Name} ({Format.Bytes(trace.SizeBytes)}): " +
              "save it with --trace FILE and open it in https://ui.perfetto.dev or chrome://tracing.");
        return Tables.Stack(table.RightAligned(1, 2, 3), note);
    }

    public static string Json(Run run, IReadOnlyList<PhaseRow> rows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("runId", run.Id);
            json.WriteStartArray("phases");
            foreach (var row in rows)
            {
                json.WriteStartObject();
                json.WriteString("phase", row.Phase);
                json.WriteNumber("totalSeconds", row.TotalSeconds);
                json.WriteStartArray("epochSeconds");
                foreach (var seconds in row.EpochSeconds)
                {
                    json.WriteNumberValue(seconds);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
