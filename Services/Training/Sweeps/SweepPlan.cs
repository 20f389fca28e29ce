using Mlops.Training.Configs;
using Mlops.Training.Model;

namespace Mlops.Training.Sweeps;

/// <summary>What a sweep runs: trials of one base config over a parameter space, judged by one metric.</summary>
public sealed record SweepPlan(
    ConfigRequest BaseConfig,
    IReadOnlyList<ParameterSpace> Parameters,
    SearchStrategy Strategy,
    int MaxTrials,
    string Metric,
    SweepGoal Goal,
    bool MedianStopping,
    int Seed);
