using Mlops.Training.Configs;
using Mlops.Training.V1;

namespace Mlops.Training.Sweeps;

/// <summary>What a sweep runs: trials of one base config over a parameter space, judged by one metric.</summary>
public sealed record SweepPlan(
    ConfigRequest BaseConfig,
    IReadOnlyList<ParameterSpace> Parameters,
    SearchStrategy Strategy,
    int MaxTrials,
    string Metric,
    MetricGoal Goal,
    bool MedianStopping,
    int Seed);
