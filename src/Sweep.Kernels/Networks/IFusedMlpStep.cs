namespace Sweep.Kernels;

/// <summary>The buffers of an <see cref="MlpTrainer"/> a fused step reads and updates (all K models, packed P apart).</summary>
internal readonly record struct MlpStepBuffers(
    DeviceBuffer<float> Parameters,
    DeviceBuffer<float> Gradients,
    DeviceBuffer<float> State1,
    DeviceBuffer<float>? State2,
    DeviceBuffer<float> Settings,
    DeviceBuffer<float> Loss,
    DeviceBuffer<uint> Seeds,
    DeviceBuffer<float> XTrain,
    DeviceBuffer<float> YTrain,
    DeviceBuffer<float> XBatch,
    DeviceBuffer<float> YBatch);

/// <summary>A whole training step (gather, forward, loss, backward, clipping, optimiser) fused by a backend.</summary>
internal interface IFusedMlpStep : IDisposable
{
    /// <summary>Runs step <paramref name="step"/>: on each model's shuffled minibatch, or on the minibatch already in XBatch/YBatch.</summary>
    void Step(int step, in MlpStepBuffers buffers, bool fromBatch);

    /// <summary>Runs steps firstStep … firstStep + count − 1 on the shuffled minibatches, with the bits of that many <see cref="Step"/> calls.</summary>
    void Steps(int firstStep, int count, in MlpStepBuffers buffers);
}
