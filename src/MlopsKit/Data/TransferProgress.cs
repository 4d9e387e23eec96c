namespace MlopsKit.Data;

/// <summary>Cumulative progress of a long operation; totals are -1 while unknown.</summary>
public sealed record TransferProgress(string Operation, long Files, long TotalFiles, long Bytes, long TotalBytes);
