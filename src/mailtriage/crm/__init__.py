"""CRM targets behind one narrow protocol (HubSpot first, Salesforce too)."""
