namespace Flags;

/// <summary>Makes a small, valid GIF for a country code: three stripes in colours derived from the code.</summary>
public static class FlagImage
{
    public static byte[] Gif(string cc)
    {
        const int Width = 24;
        const int Height = 16;
        int seed = cc[0] * 31 + cc[1];
        byte[] palette =
        {
            (byte)(seed * 7), (byte)(seed * 13), (byte)(seed * 29),
            (byte)(seed * 17), (byte)(seed * 3), (byte)(seed * 11),
            (byte)(seed * 5), (byte)(seed * 23), (byte)(seed * 19),
            255, 255, 255,
        };
        var pixels = new byte[Width * Height];
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                pixels[(y * Width) + x] = (byte)(y * 3 / Height);
            }
        }

        var gif = new List<byte>();
        gif.AddRange("GIF89a"u8.ToArray());
        gif.AddRange(new byte[] { Width, 0, Height, 0, 0xF1, 0, 0 }); // global colour table of 4 entries
        gif.AddRange(palette);
        gif.AddRange(new byte[] { 0x2C, 0, 0, 0, 0, Width, 0, Height, 0, 0 }); // image descriptor
        gif.Add(2); // LZW minimum code size
        byte[] data = Lzw(pixels);
        for (int i = 0; i < data.Length; i += 255)
        {
            int n = Math.Min(255, data.Length - i);
            gif.Add((byte)n);
            gif.AddRange(data.AsSpan(i, n).ToArray());
        }

        gif.Add(0);
        gif.Add(0x3B);
        return gif.ToArray();
    }

    /// <summary>The simplest valid GIF LZW stream: a clear code before every pixel keeps codes 3 bits wide.</summary>
    private static byte[] Lzw(byte[] pixels)
    {
        const int Clear = 4;
        const int End = 5;
        var output = new List<byte>();
        int buffer = 0;
        int bits = 0;

        void Emit(int code)
        {
            buffer |= code << bits;
            bits += 3;
            while (bits >= 8)
            {
                output.Add((byte)buffer);
                buffer >>= 8;
                bits -= 8;
            }
        }

        foreach (byte pixel in pixels)
        {
            Emit(Clear);
            Emit(pixel);
        }

        Emit(End);
        if (bits > 0)
        {
            output.Add((byte)buffer);
        }

        return output.ToArray();
    }
}
