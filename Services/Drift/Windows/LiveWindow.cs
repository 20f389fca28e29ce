using Google.Protobuf.WellKnownTypes;
using Mlops.Drift.Model;
using Mlops.Drift.V1;

namespace Mlops.Drift.Windows;

/// <summary>The raw values of one window of live records: each image statistic, each softmax output, the predicted-class counts.</summary>
public sealed class LiveWindow
{
    private readonly Dictionary<string, List<double>> features = new(StringComparer.Ordinal);
    private readonly List<double>[] outputs;

    public LiveWindow(string id, ModelKey model, int classCount, DateTimeOffset openedAt)
    {
        Id = id;
        Model = model;
        OpenedAt = openedAt;
        outputs = [.. Enumerable.Range(0, classCount).Select(_ => new List<double>())];
        PredictedCounts = new long[classCount];
    }

    public string Id { get; }

    public ModelKey Model { get; }

    public DateTimeOffset OpenedAt { get; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public int Count { get; private set; }

    public IReadOnlyDictionary<string, List<double>> Features => features;

    public IReadOnlyList<List<double>> Outputs => outputs;

    public long[] PredictedCounts { get; }

    public void Add(LiveRecord record)
    {
        foreach (var (name, value) in record.Features)
        {
            if (!features.TryGetValue(name, out var column))
            {
                features[name] = column = [];
            }

            column.Add(value);
        }

        for (var c = 0; c < outputs.Length && c < record.Probabilities.Length; c++)
        {
            outputs[c].Add(record.Probabilities[c]);
        }

        PredictedCounts[record.PredictedLabel]++;
        Count++;
    }

    public void Close(DateTimeOffset at) => ClosedAt = at;

    public Window ToMessage(bool driftDetected = false) => new()
    {
        Id = Id,
        ModelName = Model.Name,
        ModelVersion = Model.Version,
        OpenedAt = Timestamp.FromDateTimeOffset(OpenedAt),
        ClosedAt = ClosedAt is { } closed ? Timestamp.FromDateTimeOffset(closed) : null,
        RecordCount = Count,
        Closed = ClosedAt is not null,
        DriftDetected = driftDetected,
    };
}
