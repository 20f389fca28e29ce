namespace Mlops.Automation.Engine;

/// <summary>What an action did: the outcome and, where there is one, the job, model version and dataset version.</summary>
public sealed record ActionResult(
    string Outcome,
    string Detail,
    string JobId = "",
    string Model = "",
    int ModelVersion = 0,
    string DatasetVersion = "",
    bool Ended = true);
