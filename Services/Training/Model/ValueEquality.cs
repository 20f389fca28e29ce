namespace Mlops.Training.Model;

/// <summary>Equality by content for the records' maps, as the stored jobs are compared by what they hold.</summary>
internal static class ValueEquality
{
    public static bool SameEntries<TValue>(IReadOnlyDictionary<string, TValue> first, IReadOnlyDictionary<string, TValue> second) =>
        first.Count == second.Count
        && first.All(entry => second.TryGetValue(entry.Key, out var value) && EqualityComparer<TValue>.Default.Equals(entry.Value, value));
}
