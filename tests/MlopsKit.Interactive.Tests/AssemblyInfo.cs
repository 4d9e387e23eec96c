// The magics work in the kernel's current directory, which is process-wide: tests that change it must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
