import { useState } from 'react'

/** Drag-and-drop of files onto an element: the `over` state for styling and the handlers to spread on it. */
export function useDropTarget(onFiles: (files: File[]) => void) {
  const [over, setOver] = useState(false)
  return {
    over,
    handlers: {
      onDragOver: (e: React.DragEvent) => {
        e.preventDefault()
        setOver(true)
      },
      onDragLeave: () => setOver(false),
      onDrop: (e: React.DragEvent) => {
        e.preventDefault()
        setOver(false)
        onFiles([...e.dataTransfer.files])
      }
    }
  }
}
