"""The stored WebWork data: workspaces, people, projects and tracked time."""
