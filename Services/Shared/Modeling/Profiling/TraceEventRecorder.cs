using System.Diagnostics;
using System.Text.Json;

namespace Mlops.Modeling.Profiling;

/// <summary>
/// Complete ("X") events in the Chrome trace-event format: timestamps and durations in microseconds from the first
/// event, one process and one thread (the training thread), the epoch and step of each event as arguments.
/// </summary>
internal sealed class TraceEventRecorder
{
    private readonly List<(string Name, long Start, long End, int Epoch, long Step)> events = [];
    private readonly HashSet<long> steps = [];

    public int Count => events.Count;

    public int Steps => steps.Count;

    public void Add(string name, long start, long end, int epoch, long step)
    {
        events.Add((name, start, end, epoch, step));
        steps.Add(step);
    }

    public byte[] ToJson()
    {
        var origin = events.Min(e => e.Start);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            json.WriteStartObject();
            json.WriteString("displayTimeUnit", "ms");
            json.WriteStartArray("traceEvents");
            Metadata(json, "process_name", "mlops training");
            Metadata(json, "thread_name", "training step");
            // Longer events first at equal start, so viewers nest a step's phases inside it.
            foreach (var e in events.OrderBy(e => e.Start).ThenByDescending(e => e.End))
            {
                json.WriteStartObject();
                json.WriteString("name", e.Name);
                json.WriteString("cat", e.Name == "step" ? "step" : "phase");
                json.WriteString("ph", "X");
                json.WriteNumber("ts", Microseconds(origin, e.Start));
                json.WriteNumber("dur", Microseconds(e.Start, e.End));
                json.WriteNumber("pid", 1);
                json.WriteNumber("tid", 1);
                json.WriteStartObject("args");
                json.WriteNumber("epoch", e.Epoch);
                json.WriteNumber("step", e.Step);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static double Microseconds(long from, long to) => Math.Round(Stopwatch.GetElapsedTime(from, to).TotalMicroseconds, 3);

    private static void Metadata(Utf8JsonWriter json, string name, string value)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("ph", "M");
        json.WriteNumber("pid", 1);
        json.WriteNumber("tid", 1);
        json.WriteStartObject("args");
        json.WriteString("name", value);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
