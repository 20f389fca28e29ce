namespace Mlops.Training.Model;

/// <summary>Whether a sweep looks for the highest or the lowest value of its metric; unspecified picks by the metric.</summary>
public enum SweepGoal
{
    Unspecified = 0,
    Maximize = 1,
    Minimize = 2,
}
