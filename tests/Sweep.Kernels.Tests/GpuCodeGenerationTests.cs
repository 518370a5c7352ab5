using System.Reflection;
using ILGPU;
using ILGPU.Backends;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using Sweep.Kernels.Accelerators;

namespace Sweep.Kernels.Tests;

/// <summary>
/// Every ILGPU kernel compiles to PTX (sm_70) and to OpenCL C 2.0 for a device without fp64, with no GPU present:
/// a kernel that only the CPU simulator accepts (a managed call, a double, an unsupported intrinsic) fails here in CI,
/// not later on a GPU machine. Kernels of a <c>[Float64Kernels]</c> class compute in doubles on purpose: they are
/// compiled for an OpenCL device with fp64 instead (their host refuses devices without it).
/// </summary>
public sealed class GpuCodeGenerationTests : IDisposable
{
    private readonly Context _context = Context.Create(builder => builder.Cuda().OpenCL().EnableAlgorithms());

    public static TheoryData<string> Kernels => new(KernelMethods().Select(m => $"{m.DeclaringType!.Name}.{m.Name}"));

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_CompilesToPtxAndToOpenClWithoutDoubles(string kernel)
    {
        (MethodInfo method, EntryPointDescription entry) = EntryOf(kernel);
        using var ptx = new PTXBackend(_context, new CudaCapabilityContext(CudaArchitecture.SM_70), CudaArchitecture.SM_70, CudaInstructionSet.ISA_70, null);
        bool fp64 = method.DeclaringType!.IsDefined(typeof(Float64KernelsAttribute), inherit: false);
        using var cl = new CLBackend(_context, new CLCapabilityContext(genericAddressSpace: false, int64_Atomics: false, subGroups: false, float16: false, float64: fp64), CLDeviceVendor.Nvidia, CLCVersion.CL20);

        CompiledKernel ptxKernel = ptx.Compile(entry, default);
        CompiledKernel clKernel = cl.Compile(entry, default);

        Assert.Contains(".entry", ((PTXCompiledKernel)ptxKernel).PTXAssembly, StringComparison.Ordinal);
        Assert.Contains("kernel", ((CLCompiledKernel)clKernel).Source, StringComparison.Ordinal);
        if (!fp64)
        {
            Assert.DoesNotContain("double", ((CLCompiledKernel)clKernel).Source, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_UsesNoApproximateTanhOnCuda(string kernel)
    {
        // tanh.approx.f32 (relative error up to 2^-11) failed the parity suite on an H200; ex2/lg2/sin/cos.approx
        // (about 2^-22 relative or absolute) are within it and stay.
        (_, EntryPointDescription entry) = EntryOf(kernel);
        using var ptx = new PTXBackend(_context, new CudaCapabilityContext(CudaArchitecture.SM_90), CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, null);

        string assembly = ((PTXCompiledKernel)ptx.Compile(entry, default)).PTXAssembly;

        Assert.Contains(".entry", assembly, StringComparison.Ordinal);
        Assert.DoesNotContain("tanh.approx", assembly, StringComparison.Ordinal);
    }

    public void Dispose() => _context.Dispose();

    private static (MethodInfo Method, EntryPointDescription Entry) EntryOf(string kernel)
    {
        MethodInfo method = KernelMethods().Single(m => $"{m.DeclaringType!.Name}.{m.Name}" == kernel);
        bool grouped = !method.GetParameters()[0].ParameterType.Name.StartsWith("Index", StringComparison.Ordinal);
        return (method, grouped ? EntryPointDescription.FromExplicitlyGroupedKernel(method) : EntryPointDescription.FromImplicitlyGroupedKernel(method));
    }

    private static IEnumerable<MethodInfo> KernelMethods() => typeof(ComputeBackend).Assembly.GetTypes()
        .Where(t => t.Namespace == "Sweep.Kernels.Accelerators" && t.Name.EndsWith("Kernels", StringComparison.Ordinal))
        .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
        .Where(m => m.ReturnType == typeof(void) && m.IsAssembly && m.GetParameters().Length > 1 && m.GetParameters()[0].ParameterType.Name != "Int32")
        .OrderBy(m => m.DeclaringType!.Name, StringComparer.Ordinal).ThenBy(m => m.Name, StringComparer.Ordinal);
}
