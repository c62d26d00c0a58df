"""The notebooks' figures.

- :mod:`~helpers.figures.plots` -- images, training curves, decision boundaries, kernels;
- :mod:`~helpers.figures.cnn` -- inside a CNN: kernels, feature maps, confusions, probabilities;
- :mod:`~helpers.figures.diagrams` -- drawn diagrams: a neuron, a network, a sliding window;
- :mod:`~helpers.figures.style` -- what they share: the colour map for signed data, symmetric limits.

Every figure function is also importable from ``helpers`` itself.
"""
