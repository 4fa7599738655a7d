namespace Coroutines.Runtime.Tests.Streams;

/// <summary>The reader's and writer's byte FIFO against a plain queue, over random appends, takes and searches.</summary>
public class ByteBufferTests
{
    [Fact]
    public void Random_appends_takes_skips_and_searches_match_a_reference_queue()
    {
        var random = new Random(12345);
        var buffer = new ByteBuffer();
        var reference = new List<byte>();
        for (int step = 0; step < 20_000; step++)
        {
            switch (random.Next(4))
            {
                case 0:
                case 1:
                {
                    byte[] data = new byte[random.Next(0, step % 500 == 0 ? 300_000 : 2_000)];
                    for (int i = 0; i < data.Length; i++)
                    {
                        data[i] = (byte)random.Next(0, 8);
                    }

                    buffer.Append(data);
                    reference.AddRange(data);
                    break;
                }

                case 2:
                {
                    int n = random.Next(0, reference.Count + 1);
                    Assert.True(buffer.Take(n).AsSpan().SequenceEqual(reference.GetRange(0, n).ToArray()), $"step {step}: taken bytes differ");
                    reference.RemoveRange(0, n);
                    break;
                }

                default:
                {
                    byte[] separator = { (byte)random.Next(0, 8), (byte)random.Next(0, 8) };
                    int from = random.Next(0, reference.Count + 2);
                    Assert.Equal(ReferenceIndexOf(reference, separator, from), buffer.IndexOf(separator, from));
                    break;
                }
            }

            Assert.Equal(reference.Count, buffer.Count);
        }

        Assert.True(buffer.Span.SequenceEqual(reference.ToArray()));
    }

    [Fact]
    public void Peek_copies_without_consuming_and_HasAt_matches_prefixes()
    {
        var buffer = new ByteBuffer();
        buffer.Append(new byte[] { 1, 2, 3, 4, 5 });
        buffer.Skip(1);
        byte[] destination = new byte[3];
        Assert.Equal(3, buffer.Peek(destination));
        Assert.Equal(new byte[] { 2, 3, 4 }, destination);
        Assert.Equal(4, buffer.Count);
        Assert.True(buffer.HasAt(2, new byte[] { 4, 5 }));
        Assert.False(buffer.HasAt(3, new byte[] { 5, 6 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Skip(5));
    }

    private static int ReferenceIndexOf(List<byte> data, byte[] separator, int from)
    {
        for (int i = from; i + separator.Length <= data.Count; i++)
        {
            if (data[i] == separator[0] && data[i + 1] == separator[1])
            {
                return i;
            }
        }

        return -1;
    }
}
