namespace Mlops.LoadGenerator.Engine;

/// <summary>Rejects a plan that cannot run, before anything is started.</summary>
internal static class RunPlanValidator
{
    public static void Validate(IReadOnlyList<Scenario> scenarios, IReadOnlyList<LoadSimulation> simulations, RunOptions options)
    {
        if (scenarios.Count == 0)
        {
            throw new ArgumentException("At least one scenario is needed.", nameof(scenarios));
        }

        var duplicate = scenarios.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Scenario '{duplicate.Key}' appears more than once.", nameof(scenarios));
        }

        foreach (var scenario in scenarios)
        {
            if (string.IsNullOrWhiteSpace(scenario.Name) || scenario.Weight < 1 || scenario.WarmUp < TimeSpan.Zero)
            {
                throw new ArgumentException($"Scenario '{scenario.Name}' needs a name, a weight of 1 or more and a warm-up of zero or more.", nameof(scenarios));
            }
        }

        if (simulations.Count == 0)
        {
            throw new ArgumentException("At least one load simulation is needed.", nameof(simulations));
        }

        foreach (var simulation in simulations)
        {
            var valid = simulation.During > TimeSpan.Zero && simulation switch
            {
                ClosedLoad c => c.FromCopies >= 0 && c.ToCopies >= 0,
                OpenLoad o => o.FromRate >= 0 && o.ToRate >= 0 && double.IsFinite(o.FromRate) && double.IsFinite(o.ToRate),
                _ => false,
            };
            if (!valid)
            {
                throw new ArgumentException($"Simulation '{simulation}' needs a positive duration and non-negative copies or rate.", nameof(simulations));
            }
        }

        if (options.MaxInFlight < 1 || options.MaxRequests < 1 || options.Grace < TimeSpan.Zero || options.WarmUpCopies < 1)
        {
            throw new ArgumentException("MaxInFlight, MaxRequests and WarmUpCopies must be 1 or more and Grace zero or more.", nameof(options));
        }
    }
}
