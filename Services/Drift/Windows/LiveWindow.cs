using Mlops.Drift.Model;

namespace Mlops.Drift.Windows;

/// <summary>
/// The raw values of one window of live records (each image statistic, each softmax output, the predicted class), holding
/// at most <c>capacity</c> records: once full, each further record replaces a held one with probability capacity/seen
/// (reservoir sampling), so what is held is always a uniform sample of everything the window has seen.
/// </summary>
public sealed class LiveWindow
{
    private readonly Dictionary<string, List<double>> features = new(StringComparer.Ordinal);
    private readonly List<double>[] outputs;
    private readonly List<int> labels = [];
    private readonly int capacity;
    private readonly Random random;

    /// <param name="capacity">Most records held; by default every record is.</param>
    public LiveWindow(string id, ModelKey model, int classCount, DateTimeOffset openedAt, int capacity = int.MaxValue, Random? random = null)
    {
        Id = id;
        Model = model;
        OpenedAt = openedAt;
        this.capacity = Math.Max(1, capacity);
        this.random = random ?? Random.Shared;
        outputs = [.. Enumerable.Range(0, classCount).Select(_ => new List<double>())];
        PredictedCounts = new long[classCount];
    }

    public string Id { get; }

    public ModelKey Model { get; }

    public DateTimeOffset OpenedAt { get; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>Records held: the sample the tests use.</summary>
    public int Count => labels.Count;

    /// <summary>Records that arrived while the window was open, held or not.</summary>
    public long Seen { get; private set; }

    public bool IsFull => Seen >= capacity;

    public IReadOnlyDictionary<string, List<double>> Features => features;

    public IReadOnlyList<List<double>> Outputs => outputs;

    /// <summary>Predicted-class counts of the held records.</summary>
    public long[] PredictedCounts { get; }

    public void Add(LiveRecord record)
    {
        Seen++;
        if (labels.Count < capacity)
        {
            Append(record);
            return;
        }

        var slot = random.NextInt64(Seen);
        if (slot < capacity)
        {
            Replace((int)slot, record);
        }
    }

    public void Close(DateTimeOffset at) => ClosedAt = at;

    public WindowSummary ToSummary(bool driftDetected = false) => new()
    {
        Id = Id,
        Model = Model,
        OpenedAt = OpenedAt,
        ClosedAt = ClosedAt,
        RecordCount = Count,
        RecordsSeen = Seen,
        Closed = ClosedAt is not null,
        DriftDetected = driftDetected,
    };

    private void Append(LiveRecord record)
    {
        foreach (var (name, value) in record.Features)
        {
            if (!features.TryGetValue(name, out var column))
            {
                features[name] = column = [];
            }

            column.Add(value);
        }

        for (var c = 0; c < outputs.Length; c++)
        {
            outputs[c].Add(c < record.Probabilities.Length ? record.Probabilities[c] : 0);
        }

        labels.Add(record.PredictedLabel);
        PredictedCounts[record.PredictedLabel]++;
    }

    private void Replace(int slot, LiveRecord record)
    {
        foreach (var (name, value) in record.Features)
        {
            if (features.TryGetValue(name, out var column) && slot < column.Count)
            {
                column[slot] = value;
            }
        }

        for (var c = 0; c < outputs.Length; c++)
        {
            outputs[c][slot] = c < record.Probabilities.Length ? record.Probabilities[c] : 0;
        }

        PredictedCounts[labels[slot]]--;
        labels[slot] = record.PredictedLabel;
        PredictedCounts[record.PredictedLabel]++;
    }
}
