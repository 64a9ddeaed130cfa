"""The corpus: index build and lookup (`index.CorpusIndex`) and article analysis (`build`)."""
