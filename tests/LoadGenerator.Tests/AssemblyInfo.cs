// Rate and latency tests measure wall-clock behaviour; running them side by side on a
// 2-core machine would make each one the other's noise.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
