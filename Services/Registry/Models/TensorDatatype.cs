using Microsoft.ML.OnnxRuntime.Tensors;

namespace Mlops.Registry.Models;

/// <summary>Element type names as the Open Inference Protocol (v2) writes them: FP32, INT64, UINT8, ...</summary>
public static class TensorDatatype
{
    public static string Of(TensorElementType type) => type switch
    {
        TensorElementType.Float => "FP32",
        TensorElementType.Double => "FP64",
        TensorElementType.Float16 => "FP16",
        TensorElementType.BFloat16 => "BF16",
        TensorElementType.UInt8 => "UINT8",
        TensorElementType.Int8 => "INT8",
        TensorElementType.UInt16 => "UINT16",
        TensorElementType.Int16 => "INT16",
        TensorElementType.UInt32 => "UINT32",
        TensorElementType.Int32 => "INT32",
        TensorElementType.UInt64 => "UINT64",
        TensorElementType.Int64 => "INT64",
        TensorElementType.Bool => "BOOL",
        TensorElementType.String => "BYTES",
        _ => type.ToString().ToUpperInvariant(),
    };

    /// <summary>The canonical name for what a user may write: "float32" and "float" mean FP32, and so on.</summary>
    public static string Normalise(string name) => name.Trim().ToUpperInvariant() switch
    {
        "FLOAT" or "FLOAT32" or "FP32" => "FP32",
        "DOUBLE" or "FLOAT64" or "FP64" => "FP64",
        "FLOAT16" or "HALF" or "FP16" => "FP16",
        "UINT8" or "BYTE" => "UINT8",
        "INT" or "INT32" => "INT32",
        "LONG" or "INT64" => "INT64",
        "STRING" or "BYTES" => "BYTES",
        var other => other,
    };
}
