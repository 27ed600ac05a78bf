"""Long work (preparing films, composing reels, writing the summary) as jobs on a huey queue, off the page scripts."""
