"""The signaaltafel: regional tables, their meetings, agendas built from signals, decisions and actions."""
