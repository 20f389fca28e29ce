namespace Mlops.Drift.Model;

/// <summary>Drift in several consecutive windows of one model version, until someone acknowledges it.</summary>
public sealed class DriftAlert
{
    public required string Id { get; init; }

    public required ModelKey Model { get; init; }

    public DateTimeOffset RaisedAt { get; init; }

    public int ConsecutiveWindows { get; init; }

    public IReadOnlyList<string> DriftedFeatures { get; init; } = [];

    public string Message { get; init; } = "";

    public bool Acknowledged { get; set; }

    public string AcknowledgedBy { get; set; } = "";

    public DateTimeOffset? AcknowledgedAt { get; set; }
}
