namespace Mlops.Frontend.Platform;

/// <summary>
/// Groups uploaded images into PredictBatch calls: at most <see cref="MaxImages"/> each (inference's largest ONNX Runtime
/// batch) and, past a group's first image, at most <see cref="MaxBytes"/> of encoded images, well under the 16 MB gRPC
/// message limit even with a single 8 MB upload.
/// </summary>
public static class PredictionBatches
{
    public const int MaxImages = 64;
    public const long MaxBytes = 4L * 1024 * 1024;

    /// <summary>The items in their order, cut into groups; <paramref name="bytes"/> gives an item's encoded size.</summary>
    public static IReadOnlyList<IReadOnlyList<T>> Split<T>(IEnumerable<T> items, Func<T, long> bytes)
    {
        var groups = new List<IReadOnlyList<T>>();
        var group = new List<T>();
        long groupBytes = 0;
        foreach (var item in items)
        {
            var size = bytes(item);
            if (group.Count > 0 && (group.Count == MaxImages || groupBytes + size > MaxBytes))
            {
                groups.Add(group);
                group = [];
                groupBytes = 0;
            }

            group.Add(item);
            groupBytes += size;
        }

        if (group.Count > 0)
        {
            groups.Add(group);
        }

        return groups;
    }
}
