namespace Mlops.Modeling.Feeds;

/// <summary>A batch prepared in managed memory, ready to become tensors on the training thread.</summary>
internal sealed record HostBatch(float[] Pixels, long[] Labels);
