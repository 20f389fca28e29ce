"""Request bodies of one 28x28 greyscale PNG for h2load -d, the three ways a client can send it:
  predict      a gRPC frame of mlops.inference.v1 PredictRequest with the raw pixels
  predict-png  the same PredictRequest carrying the PNG file itself (what the HTTP upload route receives)
  model-infer  a gRPC frame of an Open Inference Protocol ModelInferRequest, an FP32 [1,1,28,28] tensor "input"
  json         the JSON of the same PredictRequest for the HTTP transcoding route POST /v1/models/{name}:predict
Protobuf is written by hand, so no protobuf package is needed.  Usage: request-bodies.py IMAGE KIND [MODEL]
(MODEL: the model the request names, fashion unless given)"""
import base64
import json
import struct
import sys


def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def field(number, wire_type, payload):
    """wire_type 2 (length-delimited) takes the bytes; 0 (varint) takes the encoded varint."""
    key = varint((number << 3) | wire_type)
    return key + (varint(len(payload)) + payload if wire_type == 2 else payload)


# The 784 grey pixels of a 28x28 8-bit greyscale PNG, decoded with zlib alone.
def grey_pixels(path):
    import zlib
    data = open(path, "rb").read()
    chunks, i = [], 8
    while i < len(data):
        length, kind = struct.unpack(">I4s", data[i:i + 8])
        chunks.append((kind, data[i + 8:i + 8 + length]))
        i += 12 + length
    header = dict(chunks)[b"IHDR"]
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    if (width, height, depth, colour) != (28, 28, 8, 0):
        sys.exit(f"{path}: expected a 28x28 8-bit greyscale PNG")
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    rows, previous = [], bytearray(width)
    for y in range(height):
        kind, line = raw[y * (width + 1)], bytearray(raw[y * (width + 1) + 1:(y + 1) * (width + 1)])
        for x in range(width):
            left = line[x - 1] if x else 0
            up, corner = previous[x], previous[x - 1] if x else 0
            predictor = [0, left, up, (left + up) // 2, min((left, up, corner), key=lambda p: abs(left + up - corner - p))][kind]
            line[x] = (line[x] + predictor) & 0xFF
        rows.append(bytes(line))
        previous = line
    return b"".join(rows)


def frame(message):
    return b"\x00" + struct.pack(">I", len(message)) + message


pixels = grey_pixels(sys.argv[1])
kind = sys.argv[2]
model = (sys.argv[3] if len(sys.argv) > 3 else "fashion").encode()
if kind == "predict":
    shape = field(1, 0, varint(1)) + field(2, 0, varint(28)) + field(3, 0, varint(28))
    image = field(2, 2, field(1, 2, shape) + field(2, 2, pixels))
    body = frame(field(1, 2, model) + field(2, 2, image))
elif kind == "predict-png":
    body = frame(field(1, 2, model) + field(2, 2, field(1, 2, open(sys.argv[1], "rb").read())))
elif kind == "model-infer":
    tensor = field(1, 2, b"input") + field(2, 2, b"FP32") + field(3, 2, b"".join(varint(d) for d in (1, 1, 28, 28)))
    body = frame(field(1, 2, model) + field(5, 2, tensor) + field(7, 2, b"".join(struct.pack("<f", p / 255) for p in pixels)))
elif kind == "json":
    shape = {"channels": 1, "height": 28, "width": 28}
    body = json.dumps({"image": {"pixels": {"shape": shape, "uint8Data": base64.b64encode(pixels).decode()}}}).encode()
else:
    sys.exit(f"unknown kind {kind}: use predict, predict-png, model-infer or json")
sys.stdout.buffer.write(body)
