using Coroutines.Runtime.Tests.Infrastructure;

namespace Coroutines.Runtime.Tests;

public class PythonTwinsAreCurrentTests
{
    public static TheoryData<string> Twins()
    {
        var data = new TheoryData<string>();
        // _virtual_time.py is the shared helper that runs twins on a virtual clock, not a twin.
        foreach (string file in Directory.GetFiles(PythonTwin.Directory(), "*.py").Where(f => !Path.GetFileName(f).StartsWith('_')))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Twins))]
    public void Committed_expected_output_is_what_CPython_prints(string twin)
    {
        string[]? printed = PythonTwin.RunWithPython(twin);
        Assert.True(printed is not null, "python3 (CPython 3.11) is part of this machine kind; it is the oracle for orderings.");
        Assert.Equal(PythonTwin.Expected(twin), printed);
    }
}
