"""The Reports screen: generate a document in the background, preview its pages, save, print, issue."""
