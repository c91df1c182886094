"""The letters sahelkg ships with (package data); ``index.yaml`` holds their metadata for checking."""
