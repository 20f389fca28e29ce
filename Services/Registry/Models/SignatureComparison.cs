using Mlops.Registry.Model;
using Mlops.Scoring;

namespace Mlops.Registry.Models;

/// <summary>Where a declared signature differs from the model's real one; empty when they agree.</summary>
public static class SignatureComparison
{
    public static IReadOnlyList<string> Differences(TensorSignature declared, TensorSignature actual)
    {
        var differences = new List<string>();
        Compare("input", declared.Inputs, actual.Inputs, differences);
        Compare("output", declared.Outputs, actual.Outputs, differences);
        return differences;
    }

    public static string Describe(TensorDescription spec) => $"{spec.Name}: {spec.Datatype}[{string.Join(",", spec.Shape)}]";

    private static void Compare(string kind, IReadOnlyList<TensorDescription> declared, IReadOnlyList<TensorDescription> actual, List<string> differences)
    {
        foreach (var spec in declared)
        {
            var real = actual.FirstOrDefault(candidate => candidate.Name == spec.Name);
            if (real is null)
            {
                differences.Add($"declared {kind} '{spec.Name}' does not exist; the model's {kind}s are {string.Join("; ", actual.Select(Describe))}");
            }
            else if (TensorDatatype.Normalise(spec.Datatype) != real.Datatype || !spec.Shape.SequenceEqual(real.Shape))
            {
                differences.Add($"{kind} declared as {Describe(spec)} is really {Describe(real)} (-1 marks a dynamic dimension)");
            }
        }

        foreach (var real in actual.Where(real => declared.All(spec => spec.Name != real.Name)))
        {
            differences.Add($"the model also has {kind} {Describe(real)}, which the declared signature leaves out");
        }
    }
}
