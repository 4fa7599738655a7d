using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Runtime;

/// <summary>
/// A <c>using</c> resource that lives across a suspension is moved to a field; its uses in the body must read that
/// field (the body used to be parsed before the resource had one, leaving the uses unbound: CS0103).
/// </summary>
public sealed class UsingResourceUseTests
{
    private static readonly LoadedTemplates s_loaded = LoadedTemplates.Compile(Templates.InClassT("""
            [Coroutine]
            static IEnumerable<Yield> Resources(int a)
            {
                using var stream = new System.IO.MemoryStream(new byte[] { 1, 2, 3 });
                yield return Sleep(1);
                Note("declaration " + (stream.ReadByte() + a));
                using (System.IO.MemoryStream second = new System.IO.MemoryStream(new byte[] { 5 }), third = new System.IO.MemoryStream(new byte[] { 6 }))
                {
                    yield return Sleep(1);
                    Note("statement " + (second.ReadByte() + third.ReadByte() + stream.ReadByte()));
                }

                Note("after " + stream.Position);
            }
        """));

    [Fact]
    public void Uses_of_a_hoisted_using_resource_read_its_field()
    {
        string trace = Oracle.AssertSame(s_loaded, "Resources", new object?[] { 10 });
        Assert.Contains("declaration 11", trace);
        Assert.Contains("statement 13", trace);
        Assert.Contains("after 2", trace);
    }
}
