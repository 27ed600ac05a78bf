"""Media handling: probing, the review proxy, clips, stills and composed films, all with the bundled ffmpeg."""
