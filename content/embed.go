package content

import "embed"

// embedded is the knowledge base compiled into the binary; a folder named by
// LOA_CONTENT_DIR can replace or add files (see NewLibrary).
//
//go:embed faq/*.yaml emergency.yaml entities.yaml places.yaml train
var embedded embed.FS
