// Trainings share the machine's two cores and torch's process-wide thread setting; running them one at a
// time keeps the suite's timing predictable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
